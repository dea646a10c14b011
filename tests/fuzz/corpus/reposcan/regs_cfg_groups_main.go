// Group, Route and PathPrefix prefixes from a package-level config struct
// (config.go) for gin, chi, echo and gorilla/mux, and gin groups put in a
// receiver field by a literal and by assignments after construction.
package main

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
)

func main() {
	g := gin.New()
	grp := g.Group(cfg.Prefix)
	grp.GET("/orders", func(c *gin.Context) {})
	a := &api{}
	a.g = g.Group(cfg.V2)
	a.routes()
	b := &api{g: g.Group(cfg.V2 + "/b")}
	b.routes()
	c2 := &api{}
	c2.g = g.Group("/lit")
	c2.routes()

	c := chi.NewRouter()
	c.Route(cfg.Prefix, func(r chi.Router) { r.Get("/chi", h) })

	e := echo.New()
	eg := e.Group(cfg.Prefix)
	eg.GET("/echo", func(c echo.Context) error { return nil })

	m := mux.NewRouter()
	s := m.PathPrefix(cfg.Prefix).Subrouter()
	s.HandleFunc("/mux", h)

	go http.ListenAndServe(cfg.AdminAddr, c)
	go e.Start(cfg.EAddr)
	go http.ListenAndServe("127.0.0.1:18203", m)
	g.Run(cfg.Addr)
}

func h(w http.ResponseWriter, r *http.Request) {}
