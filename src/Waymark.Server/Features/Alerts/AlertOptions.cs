namespace Waymark.Server.Features.Alerts;

/// <summary>Settings of the alert system (configuration section <c>Waymark:Alerts</c>).</summary>
public sealed class AlertOptions
{
    /// <summary>Run the dispatcher and the sender in this process (tests that examine the outbox switch them off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the emerging-cluster scan runs; 0 switches the schedule off (it can still be run on demand).</summary>
    public TimeSpan ClusterScanInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Webhook attempts before a delivery is marked failed; waits between them double from <see cref="FirstRetryDelay"/>.</summary>
    public int MaxAttempts { get; set; } = 6;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>UK local hour at which daily digests are sent.</summary>
    public int DigestHour { get; set; } = 7;

    /// <summary>Base address of the web app for links in e-mails and webhooks, e.g. https://waymark.example.police.uk.</summary>
    public string? PublicBaseUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();
}

/// <summary>The SMTP server e-mails go through; none configured means no e-mails (webhooks and the inbox still work).</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public bool StartTls { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "waymark@localhost";
}
