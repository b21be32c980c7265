using Microsoft.Playwright;

namespace PhoneAuth.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the browser tests: Debian's (apt-get install chromium; test.sh installs it),
/// or the one PHONEAUTH_CHROMIUM names. Playwright never downloads a browser here. Screenshots go to
/// test-results/screenshots, beside the other results test.sh collects.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(Paths.RepositoryRoot, "test-results", "screenshots");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("PHONEAUTH_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
            throw new InvalidOperationException($"No Chromium at {executable}: apt-get install chromium (test.sh does), or set PHONEAUTH_CHROMIUM.");
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        // The machine is small and shared: Expect's 5 s default has run out under load.
        Assertions.SetDefaultExpectTimeout(30_000);
        // Chromium refuses to run as root with its sandbox on; the tests run as root in containers.
        string[] args = Environment.UserName == "root" ? ["--no-sandbox", "--disable-dev-shm-usage"] : ["--disable-dev-shm-usage"];
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = args });
    }

    /// <summary>A fresh context (own cookies) at a desktop or phone size.</summary>
    public async Task<IPage> NewPageAsync(bool phoneSized = false, string locale = "en-US")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phoneSized ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
            Locale = locale,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
    }
}

/// <summary>The browser tests share one Chromium and run one after another (the machine is small).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
