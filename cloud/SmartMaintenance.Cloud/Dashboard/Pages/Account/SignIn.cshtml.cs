using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Dashboard.Auth;
using SmartMaintenance.Cloud.Resources;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Dashboard.Pages.Account;

public sealed partial class SignInModel(IStringLocalizer<DashboardText> text, UserDirectory users, SignInThrottle throttle, ILogger<SignInModel> logger)
    : DashboardPage(text)
{
    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    public string? UserName { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.Required")]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool NoUsersConfigured => users.Count == 0;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var address = HttpContext.Connection.RemoteIpAddress;
        if (throttle.LockedFor(UserName!, address) is { } wait)
        {
            // Refused before the password is checked: 429 with the wait, on the page and in Retry-After.
            var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            ModelState.AddModelError(string.Empty, Text["SignIn.TooManyAttempts", seconds]);
            return Page();
        }

        var principal = users.SignIn(UserName!, Password!);
        if (principal is null)
        {
            // One message for a wrong name or a wrong password: the page does not tell which names exist.
            LogSignInRefused(logger, UserName!.Length > 64 ? UserName[..64] : UserName);
            throttle.Failed(UserName, address);
            ModelState.AddModelError(string.Empty, Text["SignIn.Failed"]);
            return Page();
        }

        throttle.Succeeded(UserName!);
        await HttpContext.SignInAsync(DashboardAuth.Scheme, principal);
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) && ReturnUrl!.StartsWith(DashboardRoutes.Prefix, StringComparison.Ordinal)
            ? ReturnUrl
            : DashboardRoutes.Prefix);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sign-in refused for user name {UserName}")]
    private static partial void LogSignInRefused(ILogger logger, string userName);
}
