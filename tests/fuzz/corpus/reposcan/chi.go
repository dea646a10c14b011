package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
)

func chiRoutes() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Logger)
	r.Get("/", home)
	r.Route("/articles", func(r chi.Router) {
		r.Get("/", listArticles)
		r.Post("/{id}", updateArticle)
	})
	r.Mount("/admin", adminRouter())
	r.Use(middleware.RequestID)
	return r
}
