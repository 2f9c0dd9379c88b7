package com.example.shop;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
public class WebConfig implements WebMvcConfigurer {
    @Value("${shop.frontend-origins:https://shop.example.com,https://admin.example.com}")
    private String frontendOrigins;

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        // Right: the shop's own front ends, with cookies.
        registry.addMapping("/api/**")
            .allowedOrigins(frontendOrigins.split(","))
            .allowedMethods("GET", "POST", "PUT", "DELETE")
            .allowCredentials(true)
            .maxAge(600);
        // Right: a public catalogue anyone may read, without credentials.
        registry.addMapping("/catalogue/**").allowedOrigins("*").maxAge(600);
        // Wrong: "null" is what sandboxed iframes send, so any page can claim it.
        registry.addMapping("/partners/**")
            .allowedOrigins("https://partner.example.com", "null")
            .allowCredentials(true)
            .maxAge(600);
    }
}
