using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Waymark.Bench;

/// <summary>
/// Hotlist hit → alert latency while ingesting. A probe camera site sends one read of a hotlisted plate every
/// <see cref="Interval"/> as its own request (as a camera does when it reads a car), alongside the bulk senders. Its
/// hits reach the hotlist owner (British Transport Police) twice: as a signed webhook to a receiver on a loopback port,
/// and on the browser's Server-Sent Events stream (<c>/api/alerts/stream</c>, read with the analyst's session). Each
/// latency is from sending the probe's request to the arrival of its alert.
/// </summary>
internal sealed class AnprHitProbe : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, long> _sent = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _streamed = new(StringComparer.Ordinal);
    private readonly List<(long Sent, long Acked)> _acks = [];
    private readonly WebhookReceiver _receiver;
    private readonly HttpClient _analyst;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _stream;

    private AnprHitProbe(WebhookReceiver receiver, HttpClient analyst)
    {
        _receiver = receiver;
        _analyst = analyst;
        _stream = Task.Run(() => ReadStreamAsync(_stop.Token));
    }

    /// <summary>The key of a hotlist alert: its plate and read time (ms), as the probe sent them.</summary>
    private static string? KeyOf(JsonNode alert) =>
        alert["kind"]?.GetValue<string>() == "anpr-hotlist-hit" && alert["evidence"] is { } e && e["plate"] is { } plate && e["readAt"] is { } at
            ? Key(plate.GetValue<string>(), DateTime.Parse(at.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal))
            : null;

    private static string Key(string plate, DateTime at) => string.Create(CultureInfo.InvariantCulture, $"{plate}|{at.Ticks / TimeSpan.TicksPerMillisecond}");

    /// <summary>Registers the BTP webhook and opens the alert stream with the analyst's session.</summary>
    public static async Task<AnprHitProbe> StartAsync(HttpClient analyst, CancellationToken ct)
    {
        var receiver = await WebhookReceiver.StartAsync(KeyOf);
        using var hook = await analyst.PostAsJsonAsync("/api/webhooks", new { url = receiver.Url, description = "bench control room" }, ct);
        hook.EnsureSuccessStatusCode();
        return new AnprHitProbe(receiver, analyst);
    }

    private async Task ReadStreamAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/alerts/stream");
        using var response = await _analyst.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        while (!ct.IsCancellationRequested && await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("data: {", StringComparison.Ordinal) && JsonNode.Parse(line.AsSpan(6).ToString()) is { } alert && KeyOf(alert) is { } key)
            {
                _streamed.TryAdd(key, Stopwatch.GetTimestamp());
            }
        }
    }

    /// <summary>Sends a hit every <see cref="Interval"/> from <paramref name="camera"/> until <paramref name="ct"/> ends.</summary>
    public async Task SendUntilAsync(HttpClient cameras, string camera, IReadOnlyList<string> hotPlates, CancellationToken ct)
    {
        var i = 0;
        while (!ct.IsCancellationRequested)
        {
            var plate = hotPlates[i++ % hotPlates.Count];
            var at = DateTime.UtcNow.AddSeconds(-1);
            at = new DateTime(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
            var body = $"[{{\"camera\":\"{camera}\",\"time\":\"{at:yyyy-MM-ddTHH:mm:ss.fffZ}\",\"plate\":\"{plate}\",\"confidence\":95,\"lane\":1}}]";
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var sent = Stopwatch.GetTimestamp();
            _sent[Key(plate, at)] = sent;
            using var response = await cameras.PostAsync("/api/anpr/reads", content, CancellationToken.None);
            response.EnsureSuccessStatusCode();
            lock (_acks)
            {
                _acks.Add((sent, Stopwatch.GetTimestamp()));
            }

            try
            {
                await Task.Delay(Interval, ct);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Waits up to 10 s for outstanding alerts, then prints p50/p99 of each path.</summary>
    public async Task ReportAsync()
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 10);
        while (Stopwatch.GetTimestamp() < deadline && _sent.Keys.Any(k => !_receiver.Arrivals.ContainsKey(k) || !_streamed.ContainsKey(k)))
        {
            await Task.Delay(50);
        }

        List<double> Latencies(ConcurrentDictionary<string, long> arrivals) =>
            _sent.Where(s => arrivals.ContainsKey(s.Key)).Select(s => Stopwatch.GetElapsedTime(s.Value, arrivals[s.Key]).TotalMilliseconds).Order().ToList();
        static string P(List<double> ms, double q) => ms.Count == 0 ? "—" : BenchSupport.Ms(ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)]);
        var acks = _acks.Select(a => Stopwatch.GetElapsedTime(a.Sent, a.Acked).TotalMilliseconds).Order().ToList();
        var hooks = Latencies(_receiver.Arrivals);
        var streamed = Latencies(_streamed);
        Console.WriteLine();
        BenchSupport.Line($"Hotlist hits while ingesting: {_sent.Count} probe reads of hotlisted plates, one request every {Interval.TotalMilliseconds:0} ms");
        BenchSupport.Line($"| from the probe's request sent to | arrived | p50 | p90 | p99 | max | aim |");
        BenchSupport.Line($"|---|---:|---:|---:|---:|---:|---|");
        BenchSupport.Line($"| its 200 answer (read durable) | {acks.Count} | {P(acks, 0.5)} | {P(acks, 0.9)} | {P(acks, 0.99)} | {P(acks, 1)} | |");
        BenchSupport.Line($"| the alert on the browser stream (SSE) | {streamed.Count} | {P(streamed, 0.5)} | {P(streamed, 0.9)} | {P(streamed, 0.99)} | {P(streamed, 1)} | p99 < 50 ms |");
        BenchSupport.Line($"| the signed webhook received | {hooks.Count} | {P(hooks, 0.5)} | {P(hooks, 0.9)} | {P(hooks, 0.99)} | {P(hooks, 1)} | p99 < 50 ms |");
        _sent.Clear();
        _acks.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _stream;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
        }

        _stop.Dispose();
        _analyst.Dispose();
        await _receiver.DisposeAsync();
    }
}
