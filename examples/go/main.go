// An API served with net/http and github.com/rs/cors, plus an admin API on gin.
package main

import (
	"log"
	"net/http"
	"strings"

	"github.com/rs/cors"
)

func main() {
	api := http.NewServeMux()
	api.HandleFunc("/api/me", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"user":"me"}`))
	})

	// Right: an explicit allowlist with credentials.
	private := cors.New(cors.Options{
		AllowedOrigins:   trustedOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodDelete},
		AllowedHeaders:   []string{"Content-Type", "Authorization"},
		AllowCredentials: true,
		MaxAge:           600,
	})

	// Right: a public catalogue, readable by anyone, without credentials.
	public := cors.Default()

	// Wrong: the suffix check has no boundary, so https://evilpartner.com passes, over http:// too.
	partners := cors.New(cors.Options{
		AllowOriginFunc: func(origin string) bool {
			return strings.HasSuffix(origin, "partner.com")
		},
		AllowCredentials: true,
	})

	mux := http.NewServeMux()
	mux.Handle("/api/", private.Handler(api))
	mux.Handle("/catalogue/", public.Handler(http.FileServer(http.Dir("catalogue"))))
	mux.Handle("/partners/", partners.Handler(api))
	mux.HandleFunc("/legacy/", legacyHandler)
	go serveAdmin()
	log.Fatal(http.ListenAndServe("127.0.0.1:8080", mux))
}
