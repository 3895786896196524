using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Imports;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Imports;

public sealed class CrimeBulkWriterTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    [Fact]
    public async Task Columns_AreExactlyTheCrimesTableColumns()
    {
        // The bulk writer's hand-written column list must follow the EF model, or imports would lose a field.
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var entity = db.Model.FindEntityType(typeof(Crime))!;
        var modelColumns = entity.GetProperties().Select(p => p.GetColumnName()).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(modelColumns, CrimeBulkWriter.Columns.Order(StringComparer.Ordinal).ToList());
    }
}
