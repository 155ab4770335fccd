"""What a CityCheck workbook holds: sheets and columns, cell values, row XML, the small sheets' formats."""
