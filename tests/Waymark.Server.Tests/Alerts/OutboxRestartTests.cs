using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Tests.Infrastructure;
using static Waymark.Server.Tests.Alerts.AlertTestData;

namespace Waymark.Server.Tests.Alerts;

/// <summary>
/// A server that stops after committing but before sending loses nothing: the outbox event (not yet decided) and the
/// delivery (decided, not yet sent) are both carried out by the next server on the same database.
/// </summary>
public sealed class OutboxRestartTests(OutboxRestartTests.Factory factory) : IClassFixture<OutboxRestartTests.Factory>
{
    public sealed class Factory : WaymarkFactory
    {
        // The first server decides nothing and sends nothing: everything it commits is left in the outbox.
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Waymark:Alerts:Enabled"] = "false" };
    }

    [Fact]
    public async Task AlertCommittedButNotSent_IsDeliveredByTheNextServer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        await rail.PostJsonAsync("/api/assets", CableRoute(), HttpStatusCode.Created);
        await rail.PostJsonAsync("/api/alert-rules", NearAssetRule(500), HttpStatusCode.Created);
        var (_, secret) = await WebhookAsync(rail, receiver);

        // Crime A: committed with its outbox event; the dispatcher is off, so nothing is decided.
        var a = await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting + 100, 368_500), HttpStatusCode.Created);
        // Crime B: decided (alert + delivery written, as the dispatcher does) but, with the sender off, never sent.
        var b = await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting - 100, 369_500), HttpStatusCode.Created);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            Assert.Equal(2, await db.Set<OutboxEvent>().CountAsync(e => e.ProcessedAt == null));
        }

        await factory.Services.GetRequiredService<AlertDispatcher>().DispatchPendingAsync(CancellationToken.None);
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            Assert.Equal("", string.Join(";", await db.Set<OutboxEvent>().Where(e => e.ProcessedAt == null).Select(e => e.Kind + ":" + e.LastError).ToListAsync()));
            Assert.Equal(2, await db.Set<AlertDelivery>().CountAsync(d => d.Status == DeliveryStatus.Pending));
        }

        // Crime C arrives after that and is left undecided too.
        var c = await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting + 200, 369_900), HttpStatusCode.Created);
        await Task.Delay(300);
        Assert.Empty(receiver.All);

        // The server stops; the next one starts on the same database with alerts on.
        await factory.DisposeAsync();
        await using var next = factory.Restart();
        var received = await receiver.WaitForAsync(3, TimeSpan.FromSeconds(20));
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.True(WebhookReceiver.Verifies(r, secret)));
        var crimes = received.Select(r => AlertOf(r)["evidence"]!["crime"]!["id"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(new[] { a, b, c }.Select(x => x["id"]!.GetValue<string>()).Order().ToList(), crimes);
    }
}
