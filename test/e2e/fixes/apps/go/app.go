// The base app's rules for the Go stacks (read from BASE_SPEC_FILE): auth on private paths,
// the legacy CORS answers of the unfixed app, and the /api/ route. installApp is what the fixed
// servers add on the snippet's mux; installBase is the unfixed app.
package main

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
)

type legacyAnswer struct {
	Status  int         `json:"status"`
	Headers [][2]string `json:"headers"`
}

type baseRoute struct {
	Preflight *legacyAnswer `json:"preflight"`
	Actual    [][2]string   `json:"actual"`
}

type baseSpec struct {
	PrivatePrefix string               `json:"privatePrefix"`
	Token         string               `json:"token"`
	Routes        map[string]baseRoute `json:"routes"`
}

var spec = loadSpec()

func loadSpec() baseSpec {
	b, err := os.ReadFile(os.Getenv("BASE_SPEC_FILE"))
	if err != nil {
		panic(err)
	}
	var s baseSpec
	if err := json.Unmarshal(b, &s); err != nil {
		panic(err)
	}
	return s
}

func setAll(w http.ResponseWriter, headers [][2]string, origin string) {
	if origin == "" {
		origin = "null"
	}
	for _, h := range headers {
		w.Header().Add(h[0], strings.ReplaceAll(h[1], "{origin}", origin))
	}
}

func requireToken(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, spec.PrivatePrefix) && r.Header.Get("Authorization") != spec.Token {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func legacyPreflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, ok := spec.Routes[r.URL.Path]
		if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" && ok && route.Preflight != nil {
			setAll(w, route.Preflight.Headers, r.Header.Get("Origin"))
			w.WriteHeader(route.Preflight.Status)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func apiRoute(legacy bool) http.Handler {
	stack := os.Getenv("STACK_ID")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if legacy {
			setAll(w, spec.Routes[r.URL.Path].Actual, r.Header.Get("Origin"))
		}
		body, _ := json.Marshal(map[string]any{"ok": true, "stack": stack, "path": r.URL.Path})
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})
}

func installApp(mux *http.ServeMux) {
	mux.Handle("/api/", requireToken(apiRoute(false)))
}

func installBase(mux *http.ServeMux) {
	mux.Handle("/api/", requireToken(legacyPreflight(apiRoute(true))))
}
