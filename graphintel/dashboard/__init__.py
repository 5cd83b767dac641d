"""The analysts' dashboard: store access for a long-running reader, and the Streamlit pages."""
