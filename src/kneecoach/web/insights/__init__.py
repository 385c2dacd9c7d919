"""The patient's Plan, Progress and Exercise library pages, their JSON twins and the charts."""
