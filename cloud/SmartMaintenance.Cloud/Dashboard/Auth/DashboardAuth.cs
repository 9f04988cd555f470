using Microsoft.AspNetCore.Authentication.Cookies;

namespace SmartMaintenance.Cloud.Dashboard.Auth;

/// <summary>
/// Cookie sign-in for the dashboard, under its own scheme so it never becomes the default of the API (which is
/// guarded by API keys): every policy names this scheme explicitly.
/// </summary>
internal static class DashboardAuth
{
    public const string Scheme = "Dashboard";
    public const string CookieName = "sm.dashboard";

    public static IServiceCollection AddDashboardAuth(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(Scheme, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Cookie.Path = DashboardRoutes.Prefix;
                o.LoginPath = DashboardRoutes.Prefix + "/account/signin";
                o.LogoutPath = DashboardRoutes.Prefix + "/account/signout";
                o.AccessDeniedPath = DashboardRoutes.Prefix + "/account/denied";
                o.SlidingExpiration = true;
            });
        services.AddOptions<CookieAuthenticationOptions>(Scheme)
            .Configure<Microsoft.Extensions.Options.IOptions<DashboardOptions>>((o, d) => o.ExpireTimeSpan = d.Value.SessionLifetime);

        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardRoles.CanView, p => p.AddAuthenticationSchemes(Scheme).RequireRole(DashboardRoles.All))
            .AddPolicy(DashboardRoles.CanOperate, p => p.AddAuthenticationSchemes(Scheme).RequireRole(DashboardRoles.Operator, DashboardRoles.Admin))
            .AddPolicy(DashboardRoles.CanAdminister, p => p.AddAuthenticationSchemes(Scheme).RequireRole(DashboardRoles.Admin));
        services.AddSingleton<UserDirectory>();
        services.AddOptions<Security.SignInLockoutOptions>().BindConfiguration(Security.SignInLockoutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Security.SignInThrottle>();
        return services;
    }
}
