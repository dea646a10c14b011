package api

import (
	"github.com/gin-gonic/gin"
	"github.com/spf13/viper"
)

type Server struct{ cfg string }

func (s *Server) Routes() *gin.Engine {
	r := gin.Default()
	r.GET("/ping", s.ping)
	v1 := r.Group("/v1")
	{
		v1.POST("/login", s.login)
		v1.GET("/users/:id", getUser)
	}
	r.Use(traceMiddleware())
	v1.Use(auth())
	r.Run(":8081")
	return r
}

func (s *Server) watch() {
	viper.WatchConfig()
	viper.OnConfigChange(func(e fsnotify.Event) {
		log.Printf("config changed: %s", e.Name)
		_ = viper.GetString("level")
	})
	viper.OnConfigChange(func(e fsnotify.Event) {
		s.reload(viper.GetString("level"))
	})
}
