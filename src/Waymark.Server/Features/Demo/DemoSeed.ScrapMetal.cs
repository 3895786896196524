using Waymark.Core.ScrapMetal;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.ScrapMetal;

namespace Waymark.Server.Features.Demo;

/// <summary>
/// The demo's metal trade: Humber Metals' site licence from West Lindsey District Council for its yard at Gainsborough
/// (Lincolnshire Police), and three weeks of receipts recorded through <see cref="ReceiptRecorder"/>, so every check
/// really runs. Most are clean; one was paid in cash; one load of burnt copper cable arrived the morning after a cable
/// theft on the East Coast Main Line at Tuxford, 19 km away, and is flagged for the force.
/// </summary>
public sealed partial class DemoSeed
{
    public const string DemoLicenceNumber = "WLDC/SMD/0042";

    private static readonly (string Name, string Address, string Plate)[] Sellers =
    [
        ("Gary Winterton", "14 Ropery Road, Gainsborough DN21 2NS", "FN19 KTR"),
        ("Lisa Marsh", "3 Chapel Lane, Lea, Gainsborough DN21 5HY", "YC67 HBW"),
        ("Tomasz Nowak", "22 Lord Street, Gainsborough DN21 2DE", "FD15 XPO"),
        ("Ian Draper", "Willow Farm, Blyton DN21 3LQ", "FV63 MRA"),
        ("Sandra Holt", "9 Mercer Road, Retford DN22 7RB", "YB20 ULK"),
    ];

    private async Task SeedScrapMetalAsync(Dictionary<string, Organisation> orgs, CancellationToken ct)
    {
        var system = Caller.System("demo-seed");
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ScrapPlaces.UkDate(now);
        var byId = orgs.Values.ToDictionary(o => o.Id);
        var (licence, errors) = LicenceEndpoints.Build(new LicenceEndpoints.LicenceRequest
        {
            LicenceNumber = DemoLicenceNumber,
            Type = LicenceType.Site,
            HolderName = "Humber Metals Recycling Ltd",
            DealerOrganisationId = orgs["Humber Metals Recycling Ltd"].Id,
            CouncilOrganisationId = orgs["West Lindsey District Council"].Id,
            PoliceForceOrganisationId = orgs["Lincolnshire Police"].Id,
            IssuedOn = today.AddMonths(-22),
            Sites = [new LicenceEndpoints.SiteRequest("Carr Lane yard", "Carr Lane Industrial Estate, Gainsborough", "DN21 1LG", "Karen Patel", 53.3862, -0.7712, null)],
        }, byId, now);
        if (licence is null)
        {
            throw new InvalidOperationException("The demo licence is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}")));
        }

        db.Add(licence);
        audit.Record(system, "scrap.licence.create", "scrap-licence", licence.Id.ToString(), detail: $"{licence.LicenceNumber} (demo)");
        await audit.SaveChangesAsync(ct);

        var dealer = new Caller(null, "yard@humbermetals.demo", orgs["Humber Metals Recycling Ltd"].Id, OrganisationKind.Dealer, Roles.Dealer);
        var random = new Random(2013);
        string[] cleanMetals = [MetalTypes.Aluminium, MetalTypes.Steel, MetalTypes.Brass, MetalTypes.StainlessSteel, MetalTypes.Iron];
        string[] forms = ["mixed offcuts", "sheet", "pipe", "castings", "turnings"];
        for (var i = 0; i < 14; i++)
        {
            var seller = Sellers[random.Next(Sellers.Length)];
            var metal = cleanMetals[random.Next(cleanMetals.Length)];
            var at = now.Date.AddDays(-random.Next(1, 21)).AddHours(8 + random.Next(0, 9)).AddMinutes(random.Next(60));
            var kg = Math.Round(20 + (random.NextDouble() * 380), 1);
            var cash = i == 5;
            await Record(new ReceiptRequest
            {
                Reference = $"HM-{10400 + i}",
                LicenceNumber = DemoLicenceNumber,
                ReceivedAt = new DateTimeOffset(at, TimeSpan.Zero),
                Items = [new ReceiptItemDto(metal, forms[random.Next(forms.Length)], "used", kg, null, null)],
                VehicleRegistration = seller.Plate,
                SellerName = seller.Name,
                SellerAddress = seller.Address,
                IdDocument = IdDocumentType.PhotocardDrivingLicence,
                IdCopyReference = $"scans/HM-{10400 + i}.pdf",
                PaidBy = "Karen Patel",
                Payment = cash ? PaymentMethod.Cash : PaymentMethod.ElectronicTransfer,
                PaymentReference = cash ? null : $"FPS {880000 + i}",
                AmountPounds = Math.Round((decimal)kg * (metal == MetalTypes.Brass ? 3.1m : 0.9m), 2),
            });
        }

        // The flagged one: burnt copper cable the morning after the latest Tuxford cable theft.
        await Record(new ReceiptRequest
        {
            Reference = "HM-10414",
            LicenceNumber = DemoLicenceNumber,
            ReceivedAt = new DateTimeOffset(now.Date.AddDays(-1).AddHours(9).AddMinutes(12), TimeSpan.Zero),
            Items = [new ReceiptItemDto(MetalTypes.Copper, "cable", "burnt, insulation removed", 64.5, "Lengths cut at both ends; some lead-sheathed", null)],
            VehicleRegistration = "KX09 FHD",
            SellerName = "Wayne Cartwright",
            SellerAddress = "Caravan 4, Sandy Lane, Tuxford NG22 0LX",
            IdDocument = IdDocumentType.Passport,
            IdCopyReference = "scans/HM-10414.pdf",
            ProofOfAddress = ProofOfAddressType.UtilityBill,
            ProofOfAddressDate = today.AddDays(-40),
            ProofOfAddressCopyReference = "scans/HM-10414-poa.pdf",
            PaidBy = "Karen Patel",
            Payment = PaymentMethod.ElectronicTransfer,
            PaymentReference = "FPS 880414",
            AmountPounds = 371.52m,
        });

        async Task Record(ReceiptRequest request)
        {
            var recorded = await receipts.RecordAsync(request, dealer, "api", ct);
            if (recorded.Receipt is null)
            {
                throw new InvalidOperationException($"Demo receipt {request.Reference} is invalid: " + string.Join("; ", recorded.Errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}")));
            }
        }
    }
}
