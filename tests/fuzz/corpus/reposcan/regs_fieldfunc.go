// Function values in struct fields: a router method stored in a field
// by the constructor and called through it in another method, and a
// struct of handler functions whose fields are passed as handlers.
package main

import "net/http"

type server struct {
	mux    *http.ServeMux
	handle func(pattern string, h func(http.ResponseWriter, *http.Request))
}

func newServer() *server {
	s := &server{mux: http.NewServeMux()}
	s.handle = s.mux.HandleFunc
	return s
}

func (s *server) routes() {
	s.handle("/orders", s.listOrders)
	s.handle("/health", health)
}

func (s *server) listOrders(w http.ResponseWriter, r *http.Request) {}

type Handlers struct {
	List   http.HandlerFunc
	Create http.HandlerFunc
}

func api(mux *http.ServeMux) {
	h := Handlers{List: listItems, Create: createItem}
	mux.HandleFunc("/items", h.List)
	mux.HandleFunc("/items/new", h.Create)
}

func main() {
	s := newServer()
	s.routes()
	api(s.mux)
	http.ListenAndServe("127.0.0.1:18111", s.mux)
}

func health(w http.ResponseWriter, r *http.Request)     {}
func listItems(w http.ResponseWriter, r *http.Request)  {}
func createItem(w http.ResponseWriter, r *http.Request) {}
