import flet as ft


@ft.component
def ClientsView():
    return ft.Text("clients")
