module example.com/cors-preflight-example

go 1.19

require (
	github.com/gin-contrib/cors v1.4.0
	github.com/gin-gonic/gin v1.8.1
	github.com/rs/cors v1.7.0
)
