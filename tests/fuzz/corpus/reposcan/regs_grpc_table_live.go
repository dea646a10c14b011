// grpc_table_live: a real gRPC server (grpc-go from Debian, GOPATH mode)
// whose services come from a table ranged into RegisterService; one entry
// is appended from init in admin.go, built only with -tags admin.
//
// Usage: grpc_table_live -addr 127.0.0.1:PORT
package main

import (
	"context"
	"flag"
	"log"
	"net"

	"github.com/golang/protobuf/ptypes/empty"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/reflection"
)

func ping(srv interface{}, ctx context.Context, dec func(interface{}) error,
	ic grpc.UnaryServerInterceptor) (interface{}, error) {
	in := new(empty.Empty)
	if err := dec(in); err != nil {
		return nil, err
	}
	return new(empty.Empty), nil
}

var pingerDesc = grpc.ServiceDesc{
	ServiceName: "demo.v1.Pinger",
	HandlerType: (*interface{})(nil),
	Methods:     []grpc.MethodDesc{{MethodName: "Ping", Handler: ping}},
	Streams:     []grpc.StreamDesc{},
	Metadata:    "demo/v1/pinger.proto",
}

type service struct {
	desc *grpc.ServiceDesc
	impl interface{}
}

var services = []service{
	{&pingerDesc, struct{}{}},
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18118", "listen address (loopback)")
	flag.Parse()
	lis, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	s := grpc.NewServer()
	for _, svc := range services {
		s.RegisterService(svc.desc, svc.impl)
	}
	healthpb.RegisterHealthServer(s, health.NewServer())
	reflection.Register(s)
	log.Fatal(s.Serve(lis))
}
