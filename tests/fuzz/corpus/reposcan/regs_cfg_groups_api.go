package main

import "github.com/gin-gonic/gin"

type api struct {
	g *gin.RouterGroup
}

func (a *api) routes() { a.g.GET("/items", a.list) }

func (a *api) list(c *gin.Context) {}
