package main

import (
	"embed"
	"flag"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"time"

	"google.golang.org/grpc"
	pb "example.com/svc/proto"
)

//go:embed static/*
var staticFS embed.FS

//go:embed missing/*.txt
var missing embed.FS

var addr = flag.String("addr", ":8080", "listen address")

func init() {
	go warmCache()
}

func main() {
	flag.Parse()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", getItem)
	mux.Handle("/static/", http.FileServer(http.FS(staticFS)))
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {})
	data, _ := staticFS.ReadFile("./static/index.html")
	sub, _ := fs.Sub(staticFS, "static")
	_, _ = data, sub

	port := os.Getenv("METRICS_PORT")
	if port == "" {
		port = "9090"
	}
	go http.ListenAndServe(":"+port, nil)

	s := grpc.NewServer()
	s2 := grpc.NewServer()
	pb.RegisterGreeterServer(s, &greeter{})
	lis, _ := net.Listen("tcp", ":50051")
	go s.Serve(lis)
	pb.RegisterAdminServer(s, &admin{})
	pb.RegisterBillingServer(s2, &billing{})
	go func() {
		pb.RegisterLateServer(s, &late{})
	}()

	t := time.NewTicker(time.Minute)
	go func() {
		for range t.C {
			log.Println("tick")
		}
	}()
	orphan := time.NewTicker(time.Second)
	_ = orphan
	time.AfterFunc(time.Second, flush)
	go reporter()
	log.Fatal(http.ListenAndServe(*addr, mux))
}

func reporter() {
	tk := time.NewTicker(10 * time.Second)
	defer tk.Stop()
	for {
		select {
		case <-tk.C:
			log.Println("report")
		}
	}
}

func getItem(w http.ResponseWriter, r *http.Request) {}
func flush()                                         {}
func warmCache()                                     {}
