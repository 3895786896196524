namespace Waymark.Browser.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, which the browser tests drive (no browser is downloaded). Locally a machine without it skips
/// the browser tests; under CI (CI=true) a missing Chromium fails them, so a green run always means they ran.
/// </summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>Launch flags for a headless Chromium on a machine without a GPU or outside network.</summary>
    public static readonly IReadOnlyList<string> Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static bool IsInstalled => File.Exists(Path);

    public static bool UnderCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips the calling test when Chromium is missing, unless under CI, where that is a failure.</summary>
    public static void Require()
    {
        if (IsInstalled)
        {
            return;
        }

        if (UnderCi)
        {
            throw new InvalidOperationException($"CI=true and {Path} is missing: the browser tests must run in CI (apt-get install -y chromium).");
        }

        Skip.If(true, $"{Path} is not installed (apt-get install -y chromium); browser tests skipped locally.");
    }
}
