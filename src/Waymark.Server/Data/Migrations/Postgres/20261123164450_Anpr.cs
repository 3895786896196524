using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Waymark.Server.Data.Migrations.Postgres
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
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    owner_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    latitude = table.Column<double>(type: "double precision", nullable: false),
                    longitude = table.Column<double>(type: "double precision", nullable: false),
                    easting = table.Column<double>(type: "double precision", nullable: true),
                    northing = table.Column<double>(type: "double precision", nullable: true),
                    bearing = table.Column<int>(type: "integer", nullable: false),
                    direction = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    lanes = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    api_key_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anpr_cameras", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "anpr_queries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    purpose = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    justification = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    restricted = table.Column<bool>(type: "boolean", nullable: false),
                    parameters = table.Column<string>(type: "text", nullable: false),
                    results = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_anpr_queries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "hotlist_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    plate = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    format = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    action = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    source = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    owner_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    removed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
