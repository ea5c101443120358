package handler

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

// Check is one dependency /readyz probes.
type Check struct {
	Name string
	Ping func(ctx context.Context) error
}

// healthz answers while the process runs; it touches nothing else, so an
// orchestrator does not restart us for a database outage.
func healthz(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) }

// readyz answers 200 only when every dependency answers, and otherwise
// names the parts that failed, so an operator sees which one at a glance.
func readyz(checks []Check) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 2*time.Second)
		defer cancel()
		parts := gin.H{}
		var failing []string
		for _, ch := range checks {
			if err := ch.Ping(ctx); err != nil {
				parts[ch.Name] = "unreachable: " + err.Error()
				failing = append(failing, ch.Name)
				continue
			}
			parts[ch.Name] = "ok"
		}
		if len(failing) > 0 {
			c.JSON(http.StatusServiceUnavailable, gin.H{"status": "unavailable", "failing": failing, "checks": parts})
			return
		}
		c.JSON(http.StatusOK, gin.H{"status": "ok", "checks": parts})
	}
}
