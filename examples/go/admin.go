package main

import (
	"log"
	"time"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
)

// Wrong: every origin with credentials, which gin-contrib/cors sends as `*` with
// `Access-Control-Allow-Credentials: true`, so browsers refuse every credentialed call.
func serveAdmin() {
	r := gin.New()
	r.Use(cors.New(cors.Config{
		AllowAllOrigins:  true,
		AllowCredentials: true,
		AllowMethods:     []string{"GET", "PUT"},
		MaxAge:           10 * time.Minute,
	}))
	r.GET("/admin/stats", func(c *gin.Context) { c.JSON(200, gin.H{"users": 1}) })
	log.Fatal(r.Run("127.0.0.1:8081"))
}
