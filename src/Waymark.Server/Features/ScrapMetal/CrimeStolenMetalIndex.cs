using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waymark.Server.Data;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// The index the stolen-metal check reads crimes by: metal-theft categories whose window ends within the look-back,
/// then the box around the place of receipt. Easting and northing are in the index so that SQLite rejects crimes
/// outside the box from the index alone (its deferred seek) instead of reading each one's row.
/// </summary>
internal sealed class CrimeStolenMetalIndex : IEntityTypeConfiguration<Crime>
{
    public void Configure(EntityTypeBuilder<Crime> e) => e.HasIndex(c => new { c.Category, c.OccurredTo, c.Easting, c.Northing });
}
