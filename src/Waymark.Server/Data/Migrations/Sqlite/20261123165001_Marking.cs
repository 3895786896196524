using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Server.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Marking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "marking_areas",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    programme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    area_code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ward = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    households = table.Column<int>(type: "INTEGER", nullable: false),
                    is_target = table.Column<bool>(type: "INTEGER", nullable: false),
                    marking_started = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    boundary = table.Column<string>(type: "TEXT", nullable: true),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marking_areas", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "marking_code_batches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    programme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    first_serial = table.Column<long>(type: "INTEGER", nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false),
                    issued_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    issued_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    note = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marking_code_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "marking_kit_issues",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    programme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 11, nullable: true),
                    delivered_by = table.Column<string>(type: "TEXT", nullable: false),
                    delivered_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    address = table.Column<string>(type: "TEXT", nullable: false),
                    postcode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    lsoa_code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marking_kit_issues", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "marking_programmes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    owner_organisation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    prefix = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    saturation_target = table.Column<double>(type: "REAL", nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: true),
                    next_serial = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marking_programmes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "marking_property_returns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    registration_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    programme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    crime_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    item_description = table.Column<string>(type: "TEXT", nullable: false),
                    returned_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    returned_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_by_organisation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    value_pounds = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marking_property_returns", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "marking_registrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 11, nullable: false),
                    programme_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    owner_organisation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    holder_kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    holder_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    address = table.Column<string>(type: "TEXT", nullable: true),
                    postcode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    lsoa_code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ward = table.Column<string>(type: "TEXT", nullable: true),
                    contact = table.Column<string>(type: "TEXT", nullable: true),
                    asset_reference = table.Column<string>(type: "TEXT", nullable: true),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    items = table.Column<string>(type: "TEXT", nullable: false),
                    registered_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    registered_by = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marking_registrations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "premises_visits",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    premises_kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    premises_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    licence_number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    address = table.Column<string>(type: "TEXT", nullable: true),
                    postcode = table.Column<string>(type: "TEXT", nullable: true),
                    latitude = table.Column<double>(type: "REAL", nullable: true),
                    longitude = table.Column<double>(type: "REAL", nullable: true),
                    visited_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    officers = table.Column<string>(type: "TEXT", nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    items_scanned = table.Column<int>(type: "INTEGER", nullable: false),
                    positives = table.Column<int>(type: "INTEGER", nullable: false),
                    codes_found = table.Column<string>(type: "TEXT", nullable: true),
                    notes = table.Column<string>(type: "TEXT", nullable: true),
                    programme_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    organisation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_premises_visits", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_marking_areas_programme_id_area_code",
                table: "marking_areas",
                columns: new[] { "programme_id", "area_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_marking_code_batches_programme_id_first_serial",
                table: "marking_code_batches",
                columns: new[] { "programme_id", "first_serial" });

            migrationBuilder.CreateIndex(
                name: "IX_marking_kit_issues_programme_id_delivered_at",
                table: "marking_kit_issues",
                columns: new[] { "programme_id", "delivered_at" });

            migrationBuilder.CreateIndex(
                name: "IX_marking_kit_issues_programme_id_lsoa_code",
                table: "marking_kit_issues",
                columns: new[] { "programme_id", "lsoa_code" });

            migrationBuilder.CreateIndex(
                name: "IX_marking_programmes_owner_organisation_id",
                table: "marking_programmes",
                column: "owner_organisation_id");

            migrationBuilder.CreateIndex(
                name: "IX_marking_programmes_prefix",
                table: "marking_programmes",
                column: "prefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_marking_property_returns_code",
                table: "marking_property_returns",
                column: "code");

            migrationBuilder.CreateIndex(
                name: "IX_marking_property_returns_programme_id_returned_at",
                table: "marking_property_returns",
                columns: new[] { "programme_id", "returned_at" });

            migrationBuilder.CreateIndex(
                name: "IX_marking_registrations_code",
                table: "marking_registrations",
                column: "code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_marking_registrations_programme_id_lsoa_code",
                table: "marking_registrations",
                columns: new[] { "programme_id", "lsoa_code" });

            migrationBuilder.CreateIndex(
                name: "IX_premises_visits_licence_number",
                table: "premises_visits",
                column: "licence_number");

            migrationBuilder.CreateIndex(
                name: "IX_premises_visits_programme_id",
                table: "premises_visits",
                column: "programme_id");

            migrationBuilder.CreateIndex(
                name: "IX_premises_visits_visited_on",
                table: "premises_visits",
                column: "visited_on");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "marking_areas");

            migrationBuilder.DropTable(
                name: "marking_code_batches");

            migrationBuilder.DropTable(
                name: "marking_kit_issues");

            migrationBuilder.DropTable(
                name: "marking_programmes");

            migrationBuilder.DropTable(
                name: "marking_property_returns");

            migrationBuilder.DropTable(
                name: "marking_registrations");

            migrationBuilder.DropTable(
                name: "premises_visits");
        }
    }
}
