using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Anpr : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "anpr_cameras",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    owner_organisation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    latitude = table.Column<double>(type: "REAL", nullable: false),
                    longitude = table.Column<double>(type: "REAL", nullable: false),
                    easting = table.Column<double>(type: "REAL", nullable: true),
                    northing = table.Column<double>(type: "REAL", nullable: true),
                    bearing = table.Column<int>(type: "INTEGER", nullable: false),
                    direction = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    lanes = table.Column<int>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    api_key_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anpr_cameras", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "anpr_queries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    organisation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    justification = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    restricted = table.Column<bool>(type: "INTEGER", nullable: false),
                    parameters = table.Column<string>(type: "TEXT", nullable: false),
                    results = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anpr_queries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "hotlist_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    plate = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    format = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    owner_organisation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    removed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hotlist_entries", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_anpr_cameras_api_key_id",
                table: "anpr_cameras",
                column: "api_key_id");

            migrationBuilder.CreateIndex(
                name: "IX_anpr_cameras_code",
                table: "anpr_cameras",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_anpr_cameras_owner_organisation_id",
                table: "anpr_cameras",
                column: "owner_organisation_id");

            migrationBuilder.CreateIndex(
                name: "IX_anpr_queries_at",
                table: "anpr_queries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_anpr_queries_organisation_id_at",
                table: "anpr_queries",
                columns: new[] { "organisation_id", "at" });

            migrationBuilder.CreateIndex(
                name: "IX_hotlist_entries_owner_organisation_id_plate",
                table: "hotlist_entries",
                columns: new[] { "owner_organisation_id", "plate" });

            migrationBuilder.CreateIndex(
                name: "IX_hotlist_entries_plate",
                table: "hotlist_entries",
                column: "plate");

            migrationBuilder.CreateIndex(
                name: "IX_hotlist_entries_updated_at",
                table: "hotlist_entries",
                column: "updated_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "anpr_cameras");

            migrationBuilder.DropTable(
                name: "anpr_queries");

            migrationBuilder.DropTable(
                name: "hotlist_entries");
        }
    }
}
