package api

import (
	"net/http"

	"github.com/gorilla/mux"
	"github.com/labstack/echo/v4"
)

func gorillaRoutes() {
	r := mux.NewRouter()
	r.HandleFunc("/products/{key}", productHandler).Methods("GET", "HEAD")
	api := r.PathPrefix("/api").Subrouter()
	api.HandleFunc("/orders", ordersHandler).Methods("POST")
	r.PathPrefix("/static/").Handler(http.FileServer(http.Dir("./static")))
	r.Use(loggingMiddleware)
	http.ListenAndServe("127.0.0.1:8082", r)
}

func echoRoutes() {
	e := echo.New()
	e.GET("/e", eh)
	g := e.Group("/admin")
	g.GET("/stats", stats)
	g.Use(adminOnly)
	e.Use(logger)
	e.Start(":1323")
}
