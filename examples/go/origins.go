package main

// The front ends allowed to call the API with the user's cookies.
var trustedOrigins = []string{
	"https://app.example.com",
	"https://admin.example.com",
}
