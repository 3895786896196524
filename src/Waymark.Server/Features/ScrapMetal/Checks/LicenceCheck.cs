namespace Waymark.Server.Features.ScrapMetal.Checks;

/// <summary>s.1: dealing without a licence in force is an offence. An expired, revoked or suspended licence is a breach.</summary>
public sealed class LicenceCheck : IReceiptCheck
{
    public const string CheckName = "licence";

    public string Name => CheckName;

    public Task<CheckOutcome> RunAsync(ReceiptCheckContext context, CancellationToken ct)
    {
        var licence = context.Licence;
        var status = licence.StatusOn(context.ReceivedOnUkDate);
        var result = new ReceiptCheckResult { Check = Name, Kind = CheckKinds.Breach, Passed = status == "active" };
        if (!result.Passed)
        {
            result.Code = status == "expired" ? "expired-licence" : "licence-not-in-force";
            result.DealerMessage = status == "expired"
                ? $"Licence {licence.LicenceNumber} expired on {licence.ExpiresOn:yyyy-MM-dd}: dealing without a licence is an offence (s.1). Stop receiving metal and apply to {licence.IssuingCouncil} to renew."
                : $"Licence {licence.LicenceNumber} is {status} on the day of receipt: dealing without a licence in force is an offence (s.1). Contact {licence.IssuingCouncil}.";
            result.Detail = $"Received under licence {licence.LicenceNumber} ({status}; issued {licence.IssuedOn:yyyy-MM-dd}, expires {licence.ExpiresOn:yyyy-MM-dd}) by {licence.IssuingCouncil}.";
            result.RelatedIds = [licence.Id.ToString()];
        }

        return Task.FromResult(new CheckOutcome(result));
    }
}
