using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CrimeUpdatedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_crimes_updated_at",
                table: "crimes",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_crimes_updated_at",
                table: "crimes");
        }
    }
}
