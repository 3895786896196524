namespace Waymark.Server.Data;

/// <summary>The kinds of organisation in the partnership. Only police forces are law enforcement.</summary>
public enum OrganisationKind
{
    PoliceForce = 0,
    InfrastructurePartner = 1,
    Business = 2,
    Dealer = 3,
    LocalAuthority = 4,
}

/// <summary>A member of the partnership: a police force, an infrastructure owner, a business, a dealer or a council.</summary>
public sealed class Organisation
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public OrganisationKind Kind { get; set; }

    /// <summary>The sector it protects (rail, power, …), for partners.</summary>
    public string? Sector { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool IsLawEnforcement => Kind == OrganisationKind.PoliceForce;
}
