using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Waymark.Server.Tests.Infrastructure;

/// <summary>
/// An SMTP server on a loopback port that accepts every message and keeps it (RFC 5321's minimum: EHLO/HELO, MAIL,
/// RCPT, DATA, RSET, NOOP, QUIT). Enough to prove Waymark's e-mail goes out through a real SMTP conversation.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<Message> _messages = new();
    private readonly CancellationTokenSource _stop = new();

    public sealed record Message(string From, IReadOnlyList<string> Recipients, string Data);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public IReadOnlyList<Message> Messages => [.. _messages];

    public static SmtpSink Start()
    {
        var sink = new SmtpSink();
        sink._listener.Start();
        _ = Task.Run(sink.AcceptAsync);
        return sink;
    }

    public async Task<IReadOnlyList<Message>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_messages.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Messages;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 sink.test ESMTP");
        string from = "";
        var recipients = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-sink.test");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "HELO":
                case "NOOP":
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RSET":
                    (from, recipients) = ("", []);
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "MAIL":
                    from = Address(line);
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    recipients.Add(Address(line));
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } d && d != ".")
                    {
                        data.AppendLine(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d);
                    }

                    _messages.Enqueue(new Message(from, recipients, data.ToString()));
                    (from, recipients) = ("", []);
                    await writer.WriteLineAsync("250 OK: queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("502 Command not implemented");
                    break;
            }
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : line;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
