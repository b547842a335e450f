import flet as ft


@ft.component
def PayView():
    return ft.Text("pay")
