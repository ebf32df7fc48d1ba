from django.contrib import admin

from districts.models import District, DistrictAlias


class AliasInline(admin.TabularInline):
    model = DistrictAlias
    extra = 0
    fields = ["text", "kind", "is_safe_alone", "code"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ko", "name_en", "slug", "tile_row", "tile_col"]
    search_fields = ["name_ko", "name_en", "code"]
    inlines = [AliasInline]


@admin.register(DistrictAlias)
class DistrictAliasAdmin(admin.ModelAdmin):
    list_display = ["text", "district", "kind", "is_safe_alone"]
    list_filter = ["kind", "is_safe_alone", "district"]
    search_fields = ["text"]
    list_select_related = ["district"]
