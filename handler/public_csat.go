package handler

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

var csatScores = []int{1, 2, 3, 4, 5}

// csatForm shows the survey behind a signed link.
func (p *publicPages) csatForm(c *gin.Context) {
	st, err := p.d.Pages.CSATForm(c.Request.Context(), c.Param("token"))
	if err != nil {
		p.fail(c, err)
		return
	}
	p.render(c, http.StatusOK, "csat", p.csatView(c, st))
}

// csatSubmit stores the answer (form fields score and comment) and thanks
// the customer; bad input shows the form again with a hint.
func (p *publicPages) csatSubmit(c *gin.Context) {
	token := c.Param("token")
	score, _ := strconv.Atoi(c.PostForm("score"))
	_, err := p.d.Pages.SubmitCSAT(c.Request.Context(), token, score, c.PostForm("comment"))
	problem := service.IsKind(err, service.KindInvalid)
	if err != nil && !problem {
		p.fail(c, err)
		return
	}
	st, ferr := p.d.Pages.CSATForm(c.Request.Context(), token)
	if ferr != nil {
		p.fail(c, ferr)
		return
	}
	v := p.csatView(c, st)
	v.Submitted, v.Problem = err == nil, problem
	code := http.StatusOK
	if problem {
		code = http.StatusBadRequest
	}
	p.render(c, code, "csat", v)
}

func (p *publicPages) csatView(c *gin.Context, st *service.PublicStatus) pageView {
	v := statusView(pageLang(c), st)
	v.Title, v.Scores = st.Number, csatScores
	v.Action = service.CSATPagePath + c.Param("token")
	if l := c.Query("lang"); l != "" {
		v.Action += "?lang=" + v.Lang
	}
	return v
}
