using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.ScrapMetal;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Tests.ScrapMetal;

/// <summary>Each metal-trade rule of <see cref="SharingRules"/>, for each role that matters.</summary>
public sealed class ScrapSharingRulesTests
{
    private static readonly Guid Force = Guid.NewGuid(), Council = Guid.NewGuid(), OtherCouncil = Guid.NewGuid(), Dealer = Guid.NewGuid(), OtherDealer = Guid.NewGuid(), Rail = Guid.NewGuid();

    private static Caller As(string who) => who switch
    {
        "police-analyst" => new(Guid.NewGuid(), who, Force, OrganisationKind.PoliceForce, Roles.PoliceAnalyst),
        "police-officer" => new(Guid.NewGuid(), who, Force, OrganisationKind.PoliceForce, Roles.PoliceOfficer),
        "police-machine" => new(null, who, Force, OrganisationKind.PoliceForce, Roles.Machine),
        "admin" => new(Guid.NewGuid(), who, Force, OrganisationKind.PoliceForce, Roles.Admin),
        "council" => new(Guid.NewGuid(), who, Council, OrganisationKind.LocalAuthority, Roles.PartnerAnalyst),
        "other-council" => new(Guid.NewGuid(), who, OtherCouncil, OrganisationKind.LocalAuthority, Roles.PartnerAnalyst),
        "dealer" => new(Guid.NewGuid(), who, Dealer, OrganisationKind.Dealer, Roles.Dealer),
        "dealer-machine" => new(null, who, Dealer, OrganisationKind.Dealer, Roles.Machine),
        "other-dealer" => new(Guid.NewGuid(), who, OtherDealer, OrganisationKind.Dealer, Roles.Dealer),
        "partner" => new(Guid.NewGuid(), who, Rail, OrganisationKind.InfrastructurePartner, Roles.PartnerAnalyst),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    private static ScrapLicence Licence() => new()
    {
        Id = Guid.NewGuid(), LicenceNumber = "L1", HolderName = "H", IssuingCouncil = "C", DealerOrganisationId = Dealer, CouncilOrganisationId = Council, PoliceForceOrganisationId = Force,
    };

    [Theory]
    [InlineData("police-analyst", true, false, true, true, true, true)]
    [InlineData("police-officer", true, false, true, true, true, true)]
    [InlineData("police-machine", false, false, false, false, false, false)]
    [InlineData("admin", true, false, false, false, false, true)]
    [InlineData("council", true, false, true, false, false, true)]
    [InlineData("other-council", false, false, false, false, false, true)]
    [InlineData("dealer", true, true, true, false, false, false)]
    [InlineData("dealer-machine", true, true, false, false, false, false)]
    [InlineData("other-dealer", false, false, false, false, false, false)]
    [InlineData("partner", false, false, false, false, false, false)]
    public void Rules_PerRole(string who, bool licenceDetails, bool record, bool personal, bool intelligence, bool watchlist, bool compliance)
    {
        var caller = As(who);
        var licence = Licence();
        Assert.Equal(licenceDetails, SharingRules.MaySeeLicenceDetails(licence, caller));
        Assert.Equal(record, SharingRules.CanRecordUnder(licence, caller));
        Assert.Equal(personal, SharingRules.MaySeeScrapPersonalData(Dealer, Council, caller));
        Assert.Equal(intelligence, SharingRules.MaySeeCheckIntelligence(caller));
        Assert.Equal(watchlist, SharingRules.CanUseWatchlist(caller));
        Assert.Equal(compliance, SharingRules.MaySeeCompliance(caller));
    }

    [Theory]
    [InlineData("admin", true)]
    [InlineData("council", true)]
    [InlineData("other-council", false)]
    [InlineData("police-analyst", false)]
    [InlineData("dealer", false)]
    [InlineData("partner", false)]
    public void OnlyTheIssuingCouncilOrAnAdmin_ManagesALicence(string who, bool may) =>
        Assert.Equal(may, SharingRules.CanManageLicence(As(who), Council));

    [Theory]
    [InlineData("police-analyst", 3)]
    [InlineData("police-machine", 3)]
    [InlineData("admin", 3)]
    [InlineData("council", 2)]
    [InlineData("other-council", 1)] // the licensee of its own
    [InlineData("dealer", 2)]
    [InlineData("other-dealer", 1)]
    [InlineData("partner", 0)]
    public void ReceiptsVisible_PerRole(string who, int visible)
    {
        ScrapReceipt R(Guid dealer, Guid? council) => new()
        {
            Id = Guid.NewGuid(), Reference = "r", DealerOrganisationId = dealer, CouncilOrganisationId = council, SellerName = "s", SellerAddress = "a", PaidBy = "p", Source = "api",
        };
        var receipts = new[] { R(Dealer, Council), R(Dealer, Council), R(OtherDealer, OtherCouncil) }.AsQueryable();
        Assert.Equal(visible, receipts.VisibleTo(As(who)).Count());
    }
}
