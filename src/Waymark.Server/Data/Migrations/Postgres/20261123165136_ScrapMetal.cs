using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Waymark.Server.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ScrapMetal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "scrap_disposals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    dealer_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    licence_id = table.Column<Guid>(type: "uuid", nullable: false),
                    site_id = table.Column<Guid>(type: "uuid", nullable: true),
                    council_organisation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    disposed_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    items = table.Column<string>(type: "text", nullable: false),
                    total_weight_kg = table.Column<double>(type: "double precision", nullable: true),
                    buyer_name = table.Column<string>(type: "text", nullable: false),
                    buyer_address = table.Column<string>(type: "text", nullable: false),
                    price_pounds = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    source = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    recorded_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scrap_disposals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scrap_licences",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    licence_number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    holder_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    dealer_organisation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    issuing_council = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    council_organisation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    police_force_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    issued_on = table.Column<DateOnly>(type: "date", nullable: false),
                    expires_on = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scrap_licences", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scrap_receipts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    reference = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    dealer_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    licence_id = table.Column<Guid>(type: "uuid", nullable: false),
                    site_id = table.Column<Guid>(type: "uuid", nullable: true),
                    council_organisation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    police_force_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    items = table.Column<string>(type: "text", nullable: false),
                    total_weight_kg = table.Column<double>(type: "double precision", nullable: false),
                    vehicle_registration = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    vehicle_plate_format = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    seller_name = table.Column<string>(type: "text", nullable: false),
                    seller_address = table.Column<string>(type: "text", nullable: false),
                    id_document = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    id_copy_reference = table.Column<string>(type: "text", nullable: true),
                    proof_of_address = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    proof_of_address_date = table.Column<DateOnly>(type: "date", nullable: true),
                    proof_of_address_copy_reference = table.Column<string>(type: "text", nullable: true),
                    paid_by = table.Column<string>(type: "text", nullable: false),
                    payment = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    payment_reference = table.Column<string>(type: "text", nullable: true),
                    amount_pounds = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    latitude = table.Column<double>(type: "double precision", nullable: true),
                    longitude = table.Column<double>(type: "double precision", nullable: true),
                    easting = table.Column<double>(type: "double precision", nullable: true),
                    northing = table.Column<double>(type: "double precision", nullable: true),
                    id_verified = table.Column<bool>(type: "boolean", nullable: false),
                    breach_count = table.Column<int>(type: "integer", nullable: false),
                    flagged = table.Column<bool>(type: "boolean", nullable: false),
                    checks = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    recorded_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recorded_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scrap_receipts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scrap_watchlist",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    subject = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    name_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    registration = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    reason = table.Column<string>(type: "text", nullable: false),
                    grading = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    contact = table.Column<string>(type: "text", nullable: true),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    created_by_user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scrap_watchlist", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "scrap_sites",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    licence_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    address = table.Column<string>(type: "text", nullable: false),
                    postcode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    site_manager = table.Column<string>(type: "text", nullable: false),
                    latitude = table.Column<double>(type: "double precision", nullable: false),
                    longitude = table.Column<double>(type: "double precision", nullable: false),
                    easting = table.Column<double>(type: "double precision", nullable: false),
                    northing = table.Column<double>(type: "double precision", nullable: false),
                    police_force_organisation_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scrap_sites", x => x.id);
                    table.ForeignKey(
                        name: "FK_scrap_sites_scrap_licences_licence_id",
                        column: x => x.licence_id,
                        principalTable: "scrap_licences",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_crimes_category_occurred_to_easting_northing",
                table: "crimes",
                columns: new[] { "category", "occurred_to", "easting", "northing" });

            migrationBuilder.CreateIndex(
                name: "IX_scrap_disposals_dealer_organisation_id_disposed_at",
                table: "scrap_disposals",
                columns: new[] { "dealer_organisation_id", "disposed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_scrap_disposals_dealer_organisation_id_reference",
                table: "scrap_disposals",
                columns: new[] { "dealer_organisation_id", "reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_scrap_disposals_disposed_at",
                table: "scrap_disposals",
                column: "disposed_at");

            migrationBuilder.CreateIndex(
                name: "IX_scrap_licences_council_organisation_id",
                table: "scrap_licences",
                column: "council_organisation_id");

            migrationBuilder.CreateIndex(
                name: "IX_scrap_licences_dealer_organisation_id",
                table: "scrap_licences",
                column: "dealer_organisation_id");

            migrationBuilder.CreateIndex(
                name: "IX_scrap_licences_licence_number",
                table: "scrap_licences",
                column: "licence_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_scrap_receipts_council_organisation_id_received_at",
                table: "scrap_receipts",
                columns: new[] { "council_organisation_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "IX_scrap_receipts_dealer_organisation_id_received_at",
                table: "scrap_receipts",
                columns: new[] { "dealer_organisation_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "IX_scrap_receipts_dealer_organisation_id_reference",
                table: "scrap_receipts",
                columns: new[] { "dealer_organisation_id", "reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_scrap_receipts_police_force_organisation_id_received_at",
                table: "scrap_receipts",
                columns: new[] { "police_force_organisation_id", "received_at" });

            migrationBuilder.CreateIndex(
                name: "IX_scrap_receipts_received_at",
                table: "scrap_receipts",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "IX_scrap_sites_licence_id",
                table: "scrap_sites",
                column: "licence_id");

            migrationBuilder.CreateIndex(
                name: "IX_scrap_watchlist_name_key",
                table: "scrap_watchlist",
                column: "name_key");

            migrationBuilder.CreateIndex(
                name: "IX_scrap_watchlist_registration",
                table: "scrap_watchlist",
                column: "registration");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "scrap_disposals");

            migrationBuilder.DropTable(
                name: "scrap_receipts");

            migrationBuilder.DropTable(
                name: "scrap_sites");

            migrationBuilder.DropTable(
                name: "scrap_watchlist");

            migrationBuilder.DropTable(
                name: "scrap_licences");

            migrationBuilder.DropIndex(
                name: "IX_crimes_category_occurred_to_easting_northing",
                table: "crimes");
        }
    }
}
