package handler

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/wecom-ticket/ticket/service"
)

// orgUsers lists the members, for pickers (dispatch, transfer, team).
func (a *api) orgUsers(c *gin.Context) {
	answer(a, c, http.StatusOK, func(x *service.OrgIndex) listJSON[userJSON] { return listOf(toUserJSON)(x.Users()) })(
		a.d.Auth.Directory(c.Request.Context(), actor(c)))
}

// orgDepartments lists the departments, for pickers and filters.
func (a *api) orgDepartments(c *gin.Context) {
	answer(a, c, http.StatusOK, func(x *service.OrgIndex) listJSON[departmentJSON] {
		return listOf(toDepartmentJSON)(x.Departments())
	})(a.d.Auth.Directory(c.Request.Context(), actor(c)))
}
