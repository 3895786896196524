using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Waymark.Server.Features.Alerts;

/// <summary>
/// The live feed behind <c>GET /api/alerts/stream</c> (Server-Sent Events): each connected browser gets the alerts of its
/// organisation as they are written. A slow reader drops its oldest items rather than holding up the dispatcher; the
/// inbox is the record, the stream only the doorbell.
/// </summary>
public sealed class AlertStream
{
    private readonly ConcurrentDictionary<Guid, (Guid Organisation, Channel<AlertView> Channel)> _subscribers = new();

    public int Subscribers => _subscribers.Count;

    public (Guid Id, ChannelReader<AlertView> Reader) Subscribe(Guid organisation)
    {
        var id = Guid.NewGuid();
        var channel = Channel.CreateBounded<AlertView>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers[id] = (organisation, channel);
        return (id, channel.Reader);
    }

    public void Unsubscribe(Guid id)
    {
        if (_subscribers.TryRemove(id, out var s))
        {
            s.Channel.Writer.TryComplete();
        }
    }

    public void Publish(Alert alert)
    {
        AlertView? view = null;
        foreach (var (_, s) in _subscribers)
        {
            if (s.Organisation == alert.OrganisationId)
            {
                s.Channel.Writer.TryWrite(view ??= AlertView.From(alert));
            }
        }
    }
}
