var builder = WebApplication.CreateBuilder(args);
var frontends = builder.Configuration.GetSection("Cors:Frontends").Get<string[]>()
    ?? new[] { "https://shop.example.com", "https://admin.example.com" };

builder.Services.AddCors(options =>
{
    // Right: the shop's own front ends, with cookies; two origins, so ASP.NET Core adds Vary: Origin.
    options.AddPolicy("frontends", policy =>
        policy.WithOrigins(frontends)
              .WithMethods("GET", "POST", "PUT", "DELETE")
              .WithHeaders("Content-Type", "Authorization")
              .AllowCredentials()
              .SetPreflightMaxAge(TimeSpan.FromMinutes(10)));

    // Right: a public catalogue anyone may read, without credentials.
    options.AddPolicy("public", policy => policy.AllowAnyOrigin().WithMethods("GET"));

    // Wrong: a predicate that lets every origin in, with cookies.
    options.AddPolicy("partners", policy =>
        policy.SetIsOriginAllowed(_ => true)
              .AllowAnyHeader()
              .AllowCredentials());

    // Wrong: AllowAnyOrigin with AllowCredentials makes CorsPolicyBuilder.Build throw at start-up.
    options.AddPolicy("mobile", policy =>
        policy.AllowAnyOrigin()
              .AllowAnyMethod()
              .AllowCredentials());
});

var app = builder.Build();
app.UseCors("frontends");

app.MapGet("/api/cart", () => "[]");
app.MapGet("/catalogue", () => "[]").RequireCors("public");
app.MapGet("/partners/orders", () => "[]").RequireCors("partners");
app.MapGet("/mobile/profile", () => "{}").RequireCors("mobile");

// Wrong: the Origin echoed by hand with credentials, and no Vary: Origin.
app.MapGet("/legacy/profile", (HttpContext ctx) =>
{
    ctx.Response.Headers["Access-Control-Allow-Origin"] = ctx.Request.Headers["Origin"];
    ctx.Response.Headers["Access-Control-Allow-Credentials"] = "true";
    return "{}";
});

app.Run();
