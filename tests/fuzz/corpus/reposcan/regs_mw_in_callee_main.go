// Middleware added inside the registerX(r) helpers, before or after their
// routes, for each router; each router's own rule decides what it means.
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
	g.GET("/ping", gh)
	ginAuth(g)
	api := g.Group("/api")
	ginOrders(api)
	ginUsers(api)

	c := chi.NewRouter()
	chiOrders(c)
	chiAuth(c)
	c.Route("/v2", chiV2)
	c.Group(chiAdmin)

	e := echo.New()
	eg := e.Group("/v1")
	echoItems(eg)
	echoRoot(e)

	m := mux.NewRouter()
	muxAPI(m.PathPrefix("/api").Subrouter())

	// a chi router with no route yet: Use in the callee is fine
	c2 := chi.NewRouter()
	chiAuth(c2)
	c2.Get("/ready", h)

	go http.ListenAndServe("127.0.0.1:18180", c)
	go http.ListenAndServe("127.0.0.1:18184", c2)
	go http.ListenAndServe("127.0.0.1:18181", m)
	go e.Start("127.0.0.1:18182")
	g.Run("127.0.0.1:18183")
}
