// Routers in package variables, declared here; main.go (which imports
// neither framework) starts them: their listen addresses are found there.
package main

import (
	"github.com/gin-gonic/gin"
	"github.com/labstack/echo/v4"
)

var engine = gin.New()

var admin = echo.New()

// jobs is not a router: its Run is not a listen call.
var jobs = &runner{}

type runner struct{}

func (r *runner) Run(addr string) error { return nil }
