package handler

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// adminForm is the edit form of an admin page: where it posts, its
// inputs in titled sections, and the problems of no input.
type adminForm struct {
	Post, Back string // Back: the list page
	List       string // the list page's title key, for the crumbs
	Submit     string // the button's words
	Sections   []fieldSection
	Problems   []string
	Problem    string // the sentence for a refused post
}

// fieldSection is a run of inputs under a heading ("" for none).
type fieldSection struct {
	Title, Hint string
	Fields      []formField
}

// formItem is an admin form with the view, for the shared template.
type formItem struct {
	V *h5View
	F adminForm
}

// Form pairs an admin form with the view, for {{template "adminform"}}.
func (v *h5View) Form(f adminForm) formItem { return formItem{V: v, F: f} }

// fill sets every input's value and problem; errs nil is a form not yet
// refused.
func (f *adminForm) fill(v *h5View, vals url.Values, errs map[string]string) {
	keyed := make(map[string]string, len(errs))
	for k, p := range errs {
		if in, ok := partyInputs[k]; ok {
			k = in
		}
		keyed[k] = p
	}
	groups := make([][]formField, len(f.Sections))
	for i, s := range f.Sections {
		groups[i] = s.Fields
	}
	f.Problems = fillGroups(v, vals, keyed, groups...)
	if errs != nil {
		f.Problem = msgInvalid.in(v.Lang)
	}
}

// editable is an admin list of records of one kind, with forms that
// create and change them.
type editable[T any] struct {
	path, page string // the list's path in the group ("/admin/rules") and its page
	noun       string // "rule": the forms' titles are rule_new and rule_edit
	// rows lists the records; the services keep that to admins, so a
	// non-admin is refused before any form shows.
	rows   func(context.Context, service.Actor) ([]T, error)
	idOf   func(T) int64
	stored func(T) url.Values   // a record as its form shows it
	fresh  func([]T) url.Values // a new record's form; nil: empty
	inputs func(c *gin.Context, v *h5View, id int64, vals url.Values) ([]fieldSection, error)
	read   readFunc
	done   string // the ?ok= of a saved record
}

// registerEditable adds the list (with the names of the templates its
// rows name), the forms to create and change its records (path/new,
// path/:id/edit) and their posts (path, path/:id).
func registerEditable[T any](h *h5, g *gin.RouterGroup, e editable[T]) {
	show := func(c *gin.Context, status int, id int64, vals url.Values, errs map[string]string) {
		e.show(h, c, status, id, vals, errs)
	}
	g.GET(e.path, h.adminPage(e.page, listNamingTemplates(h, e.rows)))
	g.GET(e.path+"/new", h.editorPage(show))
	g.GET(e.path+"/:id/edit", h.editorPage(show))
	save := h.savePost("/h5"+e.path+"?ok="+e.done, show, e.read)
	g.POST(e.path, save)
	g.POST(e.path+"/:id", save)
}

// show renders the form for record id (0: a new one) with vals and errs
// after a refused post, else from the stored or fresh values.
func (e editable[T]) show(h *h5, c *gin.Context, status int, id int64, vals url.Values, errs map[string]string) {
	list := "/h5" + e.path
	title, post := e.noun+"_new", list
	if id != 0 {
		title, post = e.noun+"_edit", list+"/"+strconv.FormatInt(id, 10)
	}
	v := h.view(c, "admin_edit", title)
	err := h.named(c, v)
	var rows []T
	if err == nil {
		rows, err = e.rows(c.Request.Context(), actor(c))
	}
	if err == nil && vals == nil {
		vals, err = e.start(rows, id)
	}
	f := adminForm{Post: post, Back: list, List: e.page, Submit: v.T("save")}
	if err == nil {
		f.Sections, err = e.inputs(c, v, id, vals)
	}
	if err != nil {
		h.fail(c, err)
		return
	}
	f.fill(v, vals, errs)
	v.Data = f
	h.render(c, status, v)
}

// start is the stored record's values, or a new record's.
func (e editable[T]) start(rows []T, id int64) (url.Values, error) {
	switch {
	case id == 0 && e.fresh == nil:
		return url.Values{}, nil
	case id == 0:
		return e.fresh(rows), nil
	}
	for _, r := range rows {
		if e.idOf(r) == id {
			return e.stored(r), nil
		}
	}
	return nil, service.E(service.KindNotFound, "not_found", "no %s %d", e.noun, id)
}

// editorFunc shows a record's form: id 0 a new one's; vals nil the
// stored or fresh values.
type editorFunc func(c *gin.Context, status int, id int64, vals url.Values, errs map[string]string)

// readFunc turns a posted form into the service call that saves it; what
// it cannot read it leaves in r.bad, and the call is not made.
type readFunc func(r formReader, id int64) saveCall

// saveCall saves what a form said, as the actor.
type saveCall func(context.Context, service.Actor) error

// saving is the call of a service's save with rec.
func saving[T any](save func(context.Context, service.Actor, T) (*T, error), rec T) saveCall {
	return func(ctx context.Context, act service.Actor) error {
		_, err := save(ctx, act, rec)
		return err
	}
}

// editorPage serves an edit page: a new record's when the path names
// none.
func (h *h5) editorPage(show editorFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := pathIDOrNew(c)
		if err != nil {
			h.fail(c, err)
			return
		}
		show(c, http.StatusOK, id, nil, nil)
	}
}

// pathIDOrNew is the record an update's path names; a create's names
// none (0).
func pathIDOrNew(c *gin.Context) (int64, error) {
	if c.Param("id") == "" {
		return 0, nil
	}
	return pathID(c, "id")
}

// savePost answers a form's post: a create when the path names no
// record, else an update. Success goes to done (post/redirect/get); bad
// input shows the form again with each problem beside its input; any
// other error its own page.
func (h *h5) savePost(done string, edit editorFunc, read readFunc) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := pathIDOrNew(c)
		if err != nil {
			h.fail(c, err)
			return
		}
		r := readForm(c)
		call := read(r, id)
		if err = r.err(); err == nil {
			err = call(c.Request.Context(), actor(c))
		}
		switch errs := invalidFields(err); {
		case err == nil:
			c.Redirect(http.StatusSeeOther, done)
		case errs != nil:
			edit(c, http.StatusUnprocessableEntity, id, r.form, errs)
		default:
			h.fail(c, err)
		}
	}
}

// postByID runs a service call on the record the path names (delete,
// retry), then goes to done.
func (h *h5) postByID(call func(context.Context, service.Actor, int64) error, done string) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, err := pathID(c, "id")
		if err == nil {
			err = call(c.Request.Context(), actor(c), id)
		}
		if err != nil {
			h.fail(c, err)
			return
		}
		c.Redirect(http.StatusSeeOther, done)
	}
}
