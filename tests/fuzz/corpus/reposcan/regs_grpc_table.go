// gRPC services from a table of descriptors and implementations ranged
// into RegisterService, and a table of names to generated descriptors.
package main

import (
	"log"
	"net"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"

	"example.com/regs/grpc_table/pb"
)

type greeter struct{}
type orders struct{}
type billing struct{}

func register(s *grpc.Server) {
	services := []struct {
		desc *grpc.ServiceDesc
		impl interface{}
	}{
		{&pb.Greeter_ServiceDesc, &greeter{}},
		{desc: &pb.Orders_ServiceDesc, impl: &orders{}},
	}
	for _, svc := range services {
		s.RegisterService(svc.desc, svc.impl)
	}
}

// A helper taking the descriptor; this one is generated outside the repo.
func serveDesc(s *grpc.Server, d *grpc.ServiceDesc, impl interface{}) {
	s.RegisterService(d, impl)
}

type health struct{}

var extra = map[*grpc.ServiceDesc]interface{}{
	&pb.Billing_ServiceDesc: &billing{},
}

func main() {
	lis, err := net.Listen("tcp", "127.0.0.1:18114")
	if err != nil {
		log.Fatal(err)
	}
	s := grpc.NewServer()
	register(s)
	serveDesc(s, &healthpb.Health_ServiceDesc, &health{})
	for desc, impl := range extra {
		s.RegisterService(desc, impl)
	}
	log.Fatal(s.Serve(lis))
}
