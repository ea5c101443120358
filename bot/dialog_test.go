package bot

import (
	"reflect"
	"testing"
)

func TestDialogRoundTrip(t *testing.T) {
	cases := []*dialog{
		{},
		{kind: dlgOffer, answers: []answer{{slotSubject, "打印机又卡纸了"}}},
		{kind: dlgPick, step: pickDispatch, ticket: 1 << 40, choices: []int64{11, 12, 13}, last: 0xdeadbeef},
		{kind: dlgCreate, flags: flagTemplate | flagChoosing, step: slotCustom + 2, template: 3, last: 7,
			choices: []int64{-1, 0, 9_000_000_000},
			answers: []answer{{slotSubject, "打印机卡纸"}, {slotCustomer, "501"}, {slotCustom, "AP-1000-77"}, {slotCustom + 1, ""}},
			media:   []string{"image|MEDIA1||7001", "file|MEDIA2|报价单.pdf|7002"}},
	}
	for _, d := range cases {
		got, err := decodeDialog(encodeDialog(d))
		if err != nil {
			t.Fatalf("decode(encode(%+v)): %v", d, err)
		}
		if !reflect.DeepEqual(normalize(got), normalize(d)) {
			t.Fatalf("round trip changed the dialog:\n got %+v\nwant %+v", got, d)
		}
	}
}

// normalize makes empty and nil lists compare equal.
func normalize(d *dialog) dialog {
	c := *d
	if len(c.choices) == 0 {
		c.choices = nil
	}
	if len(c.answers) == 0 {
		c.answers = nil
	}
	if len(c.media) == 0 {
		c.media = nil
	}
	return c
}

// An open dialog costs little more than its values: issue 9 measures the
// store's memory for 10,000 of them against the raw size of the fields.
// The raw size counts each value's bytes and 8 bytes per id.
func TestDialogEncodingIsCompact(t *testing.T) {
	d := &dialog{kind: dlgCreate, flags: flagTemplate, step: slotCustom, template: 2, last: 0x9e3779b9,
		answers: []answer{{slotSubject, "客户投诉安装师傅迟到两小时"}, {1, "师傅约定上午十点上门，实际十二点才到"}, {slotCustomer, "501"}, {slotCustom, "service_attitude"}}}
	raw := 8 * 3 // template, last, one more id's worth for kind, flags and step
	for _, a := range d.answers {
		raw += len(a.value)
	}
	got := len(encodeDialog(d))
	if float64(got) > 1.25*float64(raw) {
		t.Fatalf("encoded %d bytes for %d bytes of values: more than 1.25×", got, raw)
	}
	t.Logf("dialog encoding: %d bytes for %d raw bytes (%.2f×)", got, raw, float64(got)/float64(raw))
}

func TestDecodeRejectsGarbage(t *testing.T) {
	good := encodeDialog(&dialog{kind: dlgCreate, answers: []answer{{0, "abc"}}, media: []string{"x"}})
	for i := range good {
		if _, err := decodeDialog(good[:i]); err == nil {
			t.Fatalf("a dialog cut to %d of %d bytes decoded", i, len(good))
		}
	}
	if _, err := decodeDialog(append(good, 0)); err == nil {
		t.Fatal("trailing bytes decoded")
	}
}

func FuzzDecodeDialog(f *testing.F) {
	f.Add(encodeDialog(&dialog{kind: dlgPick, choices: []int64{1, 2}}))
	f.Add([]byte{1, 1, 0, 0, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, raw []byte) {
		d, err := decodeDialog(raw)
		if err != nil {
			return
		}
		again, err := decodeDialog(encodeDialog(d))
		if err != nil || !reflect.DeepEqual(normalize(again), normalize(d)) {
			t.Fatalf("re-encoding %x changed it: %v", raw, err)
		}
	})
}
