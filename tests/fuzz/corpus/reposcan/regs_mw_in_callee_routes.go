package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
)

// gin: a group's Use applies to the routes added after it only.
func ginOrders(r *gin.RouterGroup) {
	r.GET("/orders", gh)
	r.Use(gmw)
}

func ginUsers(r *gin.RouterGroup) {
	r.Use(gmw)
	r.GET("/users", gh)
}

// chi: Use once the mux has a route panics at start-up.
func chiOrders(r chi.Router) {
	r.Get("/orders", h)
	r.Use(cmw)
}

// Middleware only: after routes when the caller's router already had some.
func ginAuth(r *gin.Engine) { r.Use(gmw) }

func chiAuth(r chi.Router) { r.Use(cmw) }

// chi: a Route's subrouter is new, Use before its routes is fine.
func chiV2(r chi.Router) {
	r.Use(cmw)
	r.Get("/items", h)
}

func chiAdmin(r chi.Router) {
	r.Use(cmw)
	r.Get("/admin", h)
}

// echo: a group's Use applies to later routes; the root's to all.
func echoItems(g *echo.Group) {
	g.GET("/items", eh)
	g.Use(emw)
}

func echoRoot(e *echo.Echo) {
	e.GET("/status", eh)
	e.Use(emw)
}

// gorilla/mux: Use applies at request time to every route of the router.
func muxAPI(r *mux.Router) {
	r.HandleFunc("/orders", h)
	r.Use(mux.MiddlewareFunc(cmw))
}

func h(w http.ResponseWriter, r *http.Request)   {}
func gh(c *gin.Context)                          {}
func eh(c echo.Context) error                    { return nil }
func gmw(c *gin.Context)                         { c.Next() }
func cmw(next http.Handler) http.Handler         { return next }
func emw(next echo.HandlerFunc) echo.HandlerFunc { return next }
