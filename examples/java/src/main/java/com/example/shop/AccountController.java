package com.example.shop;

import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class AccountController {
    // Wrong: "*" with credentials makes Spring refuse to start.
    @CrossOrigin(origins = "*", allowCredentials = "true", maxAge = 600)
    @GetMapping("/account")
    public String account() {
        return "{}";
    }

    // Wrong: every origin is echoed with cookies, and a day of preflight caching no browser honours.
    @CrossOrigin(originPatterns = "*", allowCredentials = "true", maxAge = 86400)
    @GetMapping("/orders")
    public String orders() {
        return "[]";
    }
}
