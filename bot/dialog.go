package bot

import (
	"context"
	"encoding/binary"
	"errors"
	"time"
)

// dialogKind is what an open dialog waits for.
type dialogKind uint8

const (
	dlgNone   dialogKind = iota
	dlgCreate            // a new ticket, field by field
	dlgPick              // a numbered choice for a command (step says which)
	dlgReason            // the reason for declining a ticket
	dlgOffer             // whether to file the message in answers as a ticket
	dlgAttach            // files that follow go on ticket
)

// Dialog flags.
const (
	flagOneLine  uint8 = 1 << iota // created in one line: no solutions offered
	flagTemplate                   // the template question is answered (template 0: none)
	flagOffered                    // matching solutions were shown
	flagChoosing                   // choices for the current step are offered
)

// dialog is one user's open conversation. At most one is open per user;
// it lives in the session store with a TTL, so it survives a restart and
// disappears when abandoned. It is stored in a compact binary form: a
// Redis holding thousands of open dialogs pays for little but the values.
type dialog struct {
	kind     dialogKind
	flags    uint8
	step     uint8    // dlgCreate: the slot asked; dlgPick: what the choice is for
	last     uint32   // the hash of the last message the dialog took (a retried message is not applied twice)
	ticket   int64    // the ticket it is about
	template int64    // dlgCreate: the chosen template
	choices  []int64  // ids offered as numbered choices
	answers  []answer // dlgCreate: the values given so far; dlgOffer: the message
	media    []string // dlgCreate: files to attach once the ticket is filed
}

// answer is the value given for a slot (see slots.go).
type answer struct {
	slot  uint8
	value string
}

const dialogTTL = time.Hour

func dialogKey(userid string) string { return "chat:dlg:" + userid }

// loadDialog returns the user's open dialog, or one of kind dlgNone. A
// value that does not decode (written by another version) is no dialog.
func (b *Bot) loadDialog(ctx context.Context, userid string) (*dialog, error) {
	raw, ok, err := b.State.Get(ctx, dialogKey(userid))
	if err != nil || !ok {
		return &dialog{}, err
	}
	d, err := decodeDialog([]byte(raw))
	if err != nil {
		return &dialog{}, nil
	}
	return d, nil
}

// errCreateOpen refuses to open a dialog over a new ticket being filled
// in: one dialog per user, and replacing that one would silently lose the
// answers given so far.
var errCreateOpen = errors.New("bot: a new ticket is being filled in")

// saveDialog stores d as the user's open dialog, marked as having taken
// this turn's message. It never replaces an open create dialog with
// another kind (errCreateOpen, which run answers with txtDialogOpen).
func (b *Bot) saveDialog(ctx context.Context, t *turn, d *dialog) error {
	if t.dlg.kind == dlgCreate && d.kind != dlgCreate {
		return errCreateOpen
	}
	d.last = t.hash
	t.dlg = d
	return b.State.Set(ctx, dialogKey(t.user.UserID), string(encodeDialog(d)), dialogTTL)
}

func (b *Bot) endDialog(ctx context.Context, t *turn) error {
	t.dlg = &dialog{}
	return b.State.Delete(ctx, dialogKey(t.user.UserID))
}

func (d *dialog) get(slot uint8) (string, bool) {
	for _, a := range d.answers {
		if a.slot == slot {
			return a.value, true
		}
	}
	return "", false
}

func (d *dialog) set(slot uint8, v string) {
	d.unset(slot)
	d.answers = append(d.answers, answer{slot, v})
}

func (d *dialog) unset(slot uint8) {
	for i, a := range d.answers {
		if a.slot == slot {
			d.answers = append(d.answers[:i], d.answers[i+1:]...)
			return
		}
	}
}

const dialogVersion = 1

// encodeDialog writes version, kind, flags, step, then varints and
// length-prefixed strings.
func encodeDialog(d *dialog) []byte {
	b := make([]byte, 0, 32)
	b = append(b, dialogVersion, byte(d.kind), d.flags, d.step)
	b = binary.AppendUvarint(b, uint64(d.last))
	b = binary.AppendVarint(b, d.ticket)
	b = binary.AppendVarint(b, d.template)
	b = binary.AppendUvarint(b, uint64(len(d.choices)))
	for _, c := range d.choices {
		b = binary.AppendVarint(b, c)
	}
	b = binary.AppendUvarint(b, uint64(len(d.answers)))
	for _, a := range d.answers {
		b = append(b, a.slot)
		b = appendString(b, a.value)
	}
	b = binary.AppendUvarint(b, uint64(len(d.media)))
	for _, m := range d.media {
		b = appendString(b, m)
	}
	return b
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errBadDialog = errors.New("bot: undecodable dialog state")

// decodeDialog reads what encodeDialog wrote; anything else is an error,
// never a panic.
func decodeDialog(raw []byte) (*dialog, error) {
	r := &reader{b: raw}
	if len(raw) < 4 || raw[0] != dialogVersion {
		return nil, errBadDialog
	}
	d := &dialog{kind: dialogKind(raw[1]), flags: raw[2], step: raw[3]}
	r.b = raw[4:]
	d.last = uint32(r.uvarint()) // #nosec G115 -- written from a uint32
	d.ticket, d.template = r.varint(), r.varint()
	for n := r.count(); n > 0; n-- {
		d.choices = append(d.choices, r.varint())
	}
	for n := r.count(); n > 0; n-- {
		slot := r.byte()
		d.answers = append(d.answers, answer{slot, r.string()})
	}
	for n := r.count(); n > 0; n-- {
		d.media = append(d.media, r.string())
	}
	if r.bad || len(r.b) != 0 {
		return nil, errBadDialog
	}
	return d, nil
}

// reader reads the encoding; after the first problem every read returns
// zero and bad stays set.
type reader struct {
	b   []byte
	bad bool
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a list length, bounded by what is left to read.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.bad, r.b = true, nil
		return 0
	}
	return int(n) // #nosec G115 -- bounded by len(r.b) just above
}

func (r *reader) byte() byte {
	if len(r.b) == 0 {
		r.bad = true
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) string() string {
	n := r.count()
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
