// gin: a group made inline as the argument, a group passed on from one
// register function to another (a sub-group made there, and the group
// itself), and the engine passed as a parameter.
package main

import "github.com/gin-gonic/gin"

func main() {
	r := gin.New()
	registerOrders(r.Group("/api/v1"))
	api := r.Group("/api/v2")
	registerAll(api)
	registerRoot(r)
	r.Run("127.0.0.1:18130")
}

func registerAll(g *gin.RouterGroup) {
	admin := g.Group("/admin")
	registerOrders(admin)
	registerOrders(g)
}

func registerRoot(r *gin.Engine) {
	r.GET("/healthz", health)
}

func registerOrders(g *gin.RouterGroup) {
	g.GET("/orders", listOrders)
}

func health(c *gin.Context)     {}
func listOrders(c *gin.Context) {}
