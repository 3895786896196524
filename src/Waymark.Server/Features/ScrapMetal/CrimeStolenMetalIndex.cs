using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waymark.Server.Data;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// The index the stolen-metal check reads crimes by: metal-theft categories whose window ends within the look-back.
/// Without it every receipt scanned every crime of those categories (about 35,000 in a million).
/// </summary>
internal sealed class CrimeStolenMetalIndex : IEntityTypeConfiguration<Crime>
{
    public void Configure(EntityTypeBuilder<Crime> e) => e.HasIndex(c => new { c.Category, c.OccurredTo });
}
