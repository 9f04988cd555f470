using SmartMaintenance.Cloud.Dashboard.Display;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Dashboard.Backends;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Dashboard.Auth;
using SmartMaintenance.Cloud.Dashboard.Live;
using SmartMaintenance.Cloud.Dashboard.Localization;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard;

/// <summary>
/// The dashboard's three hooks into the host: services, middleware, endpoints. Razor Pages live under
/// Dashboard/Pages and are served under /ui (see <see cref="DashboardRoutes"/>); everything needs a signed-in
/// user except the sign-in page itself.
/// </summary>
public static class DashboardExtensions
{
    public static WebApplicationBuilder AddDashboard(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DashboardOptions>()
            .Bind(builder.Configuration.GetSection(DashboardOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<DashboardOptions>, DashboardOptionsValidator>();

        services.AddLocalization();
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Dashboard/Pages";
                o.Conventions.Add(new PrefixRouteConvention());
                o.Conventions.AuthorizeFolder("/", DashboardRoles.CanView);
                o.Conventions.AllowAnonymousToFolder("/Account");
                o.Conventions.AllowAnonymousToPage("/Culture");
            })
            .ConfigureApplicationPartManager(AddOwnAssembly)
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o =>
                o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(DashboardText)));
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>((o, factory) =>
        {
            // Values the model binder cannot convert ("abc" for a number) get a message in the chosen language too.
            var text = factory.Create(typeof(DashboardText));
            o.ModelBindingMessageProvider.SetAttemptedValueIsInvalidAccessor((_, _) => text["Validation.Invalid"]);
            o.ModelBindingMessageProvider.SetValueIsInvalidAccessor(_ => text["Validation.Invalid"]);
            o.ModelBindingMessageProvider.SetValueMustBeANumberAccessor(_ => text["Validation.Invalid"]);
            o.ModelBindingMessageProvider.SetValueMustNotBeNullAccessor(_ => text["Validation.Required"]);
            o.ModelBindingMessageProvider.SetMissingBindRequiredValueAccessor(_ => text["Validation.Required"]);
        });
        services.AddDashboardAuth();
        services.AddSingleton<ReadingsBackend>();
        services.AddSingleton<PlantTime>();
        services.AddSingleton<DemoVisibility>();
        services.AddSingleton<Settings.PlantSettingsStore>();
        services.AddHostedService<Settings.PlantSettingsLoader>();
        // Live updates (server-sent events): one producer per topic, each following its store while a page listens.
        services.AddSingleton<DashboardFeed>();
        services.AddHostedService<ReadingsPoller>();
        services.AddHostedService<AlertsPoller>();
        services.AddHostedService<DevicesPoller>();
        return builder;
    }

    public static WebApplication UseDashboard(this WebApplication app)
    {
        var localization = DashboardCultures.CreateOptions();
        app.UseWhen(c => DashboardRoutes.IsDashboard(c.Request.Path), ui =>
        {
            ui.UseRequestLocalization(localization);
            ui.Use((context, next) =>
            {
                // Plant-floor pages are never framed or sniffed; the CSP allows only our own scripts and styles.
                var h = context.Response.Headers;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "same-origin";
                h.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'";
                return next(context);
            });
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(
                Path.Combine(app.Environment.ContentRootPath, "wwwroot")),
            RequestPath = DashboardRoutes.Prefix + "/static",
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        app.MapGet("/", () => TypedResults.Redirect(DashboardRoutes.Prefix)).ExcludeFromDescription();
        app.MapRazorPages();
        app.MapLiveEvents();
        app.MapGoldenPathStream();
        return app;
    }

    /// <summary>
    /// Razor Pages are found in the entry assembly's parts; when another program hosts the cloud (the tests start
    /// it in their own process) the pages of this assembly must be added explicitly, once.
    /// </summary>
    private static void AddOwnAssembly(ApplicationPartManager manager)
    {
        var assembly = typeof(DashboardExtensions).Assembly;
        if (manager.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly))
        {
            return;
        }

        foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
        {
            manager.ApplicationParts.Add(part);
        }
    }

    /// <summary>Puts every page under the dashboard prefix: Pages/Devices.cshtml answers /ui/Devices.</summary>
    private sealed class PrefixRouteConvention : IPageRouteModelConvention
    {
        public void Apply(PageRouteModel model)
        {
            foreach (var selector in model.Selectors)
            {
                selector.AttributeRouteModel!.Template =
                    AttributeRouteModel.CombineTemplates(DashboardRoutes.Prefix.TrimStart('/'), selector.AttributeRouteModel.Template);
            }
        }
    }
}
