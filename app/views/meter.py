import flet as ft


@ft.component
def MeterView():
    return ft.Text("meter")
